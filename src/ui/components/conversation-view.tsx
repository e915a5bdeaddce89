// The SideML conversation: system, user, assistant and tool turns with tool calls (and
// their arguments), tool results, reasoning and images; the final answer is marked and
// reachable from the top ("Jump to final answer", a plain anchor).
// Long conversations stay cheap without windowing: every card is in the DOM, but the ones
// out of view skip style, layout and paint (`content-visibility: auto` on .msg, styles.css),
// so find in page, the anchor and page scrolling work as on any page. A windowed list with
// measured heights painted the 500-span bench trace (334 messages) ~60-100 ms sooner
// (~300 vs ~390 ms, bench/ui.ts; ~490 vs ~590 ms at ~2,000 messages): both are well inside
// the 1 s budget, and this is one CSS rule. Callers memoize the element: re-rendering 300
// cards on each move in the span tree is what would cost.
import { Fragment, type ComponentChildren } from 'preact';
import type { Message } from '../api/types.js';
import { findFinalAnswerIndex, formatValue, toBlocks, type Block } from '../lib/conversation.js';

export function ConversationView({ messages, renderBoundary }: { messages: Message[]; renderBoundary?: (message: Message, index: number) => ComponentChildren }) {
  const finalIndex = findFinalAnswerIndex(messages);
  if (messages.length === 0) return <p class="soft">No messages recorded on these spans.</p>;
  return (
    <div>
      {finalIndex >= 0 && <p><a href="#final-answer">Jump to final answer</a></p>}
      {messages.map((message, index) => (
        <Fragment key={`${message.span_id}-${index}`}>
          {renderBoundary?.(message, index)}
          <MessageView message={message} final={index === finalIndex} />
        </Fragment>
      ))}
    </div>
  );
}

function MessageView({ message, final }: { message: Message; final: boolean }) {
  return (
    <article class={`msg ${message.role}${final ? ' final' : ''}`} id={final ? 'final-answer' : undefined} aria-label={final ? 'Final answer' : `${message.role} message`}>
      <div class="msg-head">
        <span class="role">{message.role}</span>
        {final && <span class="final-label">Final answer</span>}
        {message.name && <span>{message.name}</span>}
        {message.model && <span>{message.model}</span>}
        {message.finish_reason && <span>finish: {message.finish_reason}</span>}
      </div>
      {toBlocks(message.content).map((block, i) => <BlockView key={i} block={block} />)}
    </article>
  );
}

function BlockView({ block }: { block: Block }) {
  switch (block.kind) {
    case 'text': return <pre class="block prose">{block.text}</pre>;
    case 'reasoning': return <details class="block"><summary>Reasoning</summary><pre>{block.text}</pre></details>;
    case 'tool_call':
      return (
        <div class="block tool-call">
          <strong>Tool call: {block.name}</strong> {block.id && <span class="soft mono">{block.id}</span>}
          <pre>{formatValue(block.args)}</pre>
        </div>
      );
    case 'tool_result':
      return (
        <div class="block tool-call">
          <strong class={block.isError ? 'error-text' : undefined}>{block.isError ? 'Tool error' : 'Tool result'}</strong> {block.id && <span class="soft mono">{block.id}</span>}
          <pre>{formatValue(block.content)}</pre>
        </div>
      );
    case 'image':
      if (block.src) return <img class="block" src={block.src} alt={block.label} />;
      return <p class="block soft">Image: {block.url ? <a href={block.url} rel="noreferrer noopener" target="_blank">{block.url}</a> : block.label} (not loaded)</p>;
    case 'json': return <pre class="block">{formatValue(block.value)}</pre>;
  }
}
