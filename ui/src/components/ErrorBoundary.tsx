// A page that throws while rendering (an API answer of an unexpected shape) shows what failed instead of
// blanking the whole app; navigating elsewhere resets it.

import { Component, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  resetKey: string;
}
interface State {
  error: Error | null;
  key: string;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override render() {
    if (this.state.error)
      return (
        <div className="page">
          <p className="error" data-testid="page-error">
            This page failed to render: {this.state.error.message}
          </p>
        </div>
      );
    return this.props.children;
  }
}
