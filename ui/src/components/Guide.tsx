// The rule's investigation guide. react-markdown builds React elements (no raw HTML is parsed or rendered);
// links keep react-markdown's URL sanitising and open in a new tab without a referrer; images become their
// alt text so a guide cannot make the analyst's browser fetch anything.

import Markdown, { type Components } from 'react-markdown';

const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ),
  img: ({ alt }) => <span className="muted">[image: {alt ?? ''}]</span>,
};

export function Guide({ markdown }: { markdown: string | undefined }) {
  if (!markdown) return <p className="muted">This rule has no investigation guide.</p>;
  return (
    <div className="markdown" data-testid="guide">
      <Markdown components={components} skipHtml>
        {markdown}
      </Markdown>
    </div>
  );
}
