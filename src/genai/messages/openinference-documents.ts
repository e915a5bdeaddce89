// NORMALIZE stage, messages: the input/output of OpenInference RETRIEVER, RERANKER and EMBEDDING
// spans when input.value / output.value are absent: retrieval.documents.N.document.*,
// reranker.query / input_documents / output_documents, embedding.embeddings.N.embedding.text.
// Input: the span's attributes; output: plain JSON for the span's input/output (no messages).

import { groupIndexed } from './source.js';
import { parseMaybeJson, toPlainValue, type AttributeReader } from './plain-value.js';

const DOCUMENT_FIELDS = ['id', 'content', 'score', 'metadata'] as const;

function readIndexed(attrs: AttributeReader, prefix: string): Map<string, unknown>[] {
  const keys = Object.keys(attrs.attributes).filter((key) => key.startsWith(prefix));
  return groupIndexed(keys, prefix, (key) => toPlainValue(attrs.attributes[key])).map(({ fields }) => fields);
}

function readDocuments(attrs: AttributeReader, prefix: string): Record<string, unknown>[] | undefined {
  const documents = readIndexed(attrs, prefix).map((fields) => {
    const document: Record<string, unknown> = {};
    for (const field of DOCUMENT_FIELDS) {
      const value = fields.get(`document.${field}`);
      if (value !== undefined) document[field] = field === 'metadata' ? parseMaybeJson(value) : value;
    }
    return document;
  });
  return documents.length > 0 ? documents : undefined;
}

function readEmbeddingTexts(attrs: AttributeReader): string[] | undefined {
  const texts = readIndexed(attrs, 'embedding.embeddings.').map((fields) => fields.get('embedding.text')).filter((text): text is string => typeof text === 'string');
  return texts.length > 0 ? texts : undefined;
}

/** What the span kind's own attributes say it took and returned; undefined where they say nothing. */
export function readKindInputOutput(kind: string | undefined, attrs: AttributeReader): { input?: unknown; output?: unknown } {
  if (kind === 'RETRIEVER') return { output: readDocuments(attrs, 'retrieval.documents.') };
  if (kind === 'EMBEDDING') return { input: readEmbeddingTexts(attrs) };
  if (kind !== 'RERANKER') return {};
  const query = attrs.string('reranker.query');
  const documents = readDocuments(attrs, 'reranker.input_documents.');
  const input = query !== undefined || documents ? { query, documents } : undefined;
  return { input, output: readDocuments(attrs, 'reranker.output_documents.') };
}
