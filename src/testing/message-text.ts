// TESTING (tracelite/testing): the plain text of SideML messages, for assertions such as
// "the answer mentions the tool's result". Input: a message or content; output: its text
// blocks joined by newlines (tool calls, media and thinking are not text the user reads).
import type { ContentBlock, Message } from './types.js';

export function getMessageText(message: Pick<Message, 'content'> | undefined): string {
  if (!message) return '';
  return message.content
    .filter((block): block is Extract<ContentBlock, { type: 'text' }> => block.type === 'text')
    .map((block) => block.text)
    .join('\n');
}
