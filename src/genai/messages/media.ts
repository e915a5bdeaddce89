// NORMALIZE stage, messages: builds SideML media blocks (image/audio/video/document/file)
// from the many ways payloads carry them: data URLs, http URLs, base64 + mime type,
// provider file ids. Input: loose fields; output: one ContentBlock.

import type { ContentBlock } from '../types.js';

type MediaType = 'image' | 'audio' | 'video' | 'document' | 'file';
type MediaBlock = Extract<ContentBlock, { type: MediaType }>;

export interface MediaFields {
  mime_type?: unknown;
  url?: unknown;
  data?: unknown;
  file_id?: unknown;
  name?: unknown;
}

export function mediaTypeForMime(mime: string | undefined, fallback: MediaType): MediaType {
  if (!mime) return fallback;
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('video/')) return 'video';
  if (mime === 'application/pdf' || mime.startsWith('text/')) return 'document';
  return fallback;
}

/** A media type word from a modality or a mime type ('image', 'image/png', 'jpeg' with a default family). */
export function mimeFromFormat(format: unknown, family: string): string | undefined {
  if (typeof format !== 'string' || format.length === 0) return undefined;
  return format.includes('/') ? format : `${family}/${format.toLowerCase()}`;
}

/** Builds a media block; a `data:` URL is split into mime type and base64 data. */
export function createMediaBlock(type: MediaType | null, fields: MediaFields): MediaBlock {
  let mime = typeof fields.mime_type === 'string' && fields.mime_type ? fields.mime_type : undefined;
  let url = typeof fields.url === 'string' && fields.url ? fields.url : undefined;
  let data = typeof fields.data === 'string' && fields.data ? fields.data : undefined;
  if (url?.startsWith('data:')) {
    const comma = url.indexOf(',');
    const header = url.slice(5, comma < 0 ? undefined : comma);
    mime = mime ?? (header.split(';')[0] || undefined);
    data = comma < 0 ? undefined : url.slice(comma + 1);
    url = undefined;
  }
  if (data?.startsWith('data:')) return createMediaBlock(type, { ...fields, url: data, data: undefined });
  const block: MediaBlock = { type: type ?? mediaTypeForMime(mime, 'file') };
  if (mime) block.mime_type = mime;
  if (url) block.url = url;
  if (data) block.data = data;
  if (typeof fields.file_id === 'string' && fields.file_id) block.file_id = fields.file_id;
  if (typeof fields.name === 'string' && fields.name) block.name = fields.name;
  return block;
}
