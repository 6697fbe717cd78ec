// The document a query rule's predicate reads: the same fields as alerts/build.ts scoredDocument, but each event
// part is fetched only when a clause reads it. Queries start with the classifier's verdict, so for most events no
// event field is read at all, and an event whose document is still unparsed text (parallel hunt) stays so.

import type { ScoredEvent } from '../classify/types.js';

export class PredicateDocument {
  constructor(private readonly ev: ScoredEvent) {}
  get '@timestamp'(): unknown {
    return this.ev.event['@timestamp'];
  }
  get event(): unknown {
    return this.ev.event.event;
  }
  get host(): unknown {
    return this.ev.event.host;
  }
  get user(): unknown {
    return this.ev.event.user;
  }
  get process(): unknown {
    return this.ev.event.process;
  }
  get label(): unknown {
    return this.ev.event.label;
  }
  get labels(): unknown {
    return this.ev.event.labels;
  }
  get problemchild(): unknown {
    return this.ev.problemchild;
  }
  get oddspawn(): unknown {
    return { classifier: this.ev.classifier };
  }
}
