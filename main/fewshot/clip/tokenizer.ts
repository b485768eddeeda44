// CLIP's text tokenizer, offline, from the model folder's tokenizer.json (no npm package ships CLIP's
// vocabulary: notes/model-formats.md §0.6). @huggingface/tokenizers runs the file's own normalizer,
// pre-tokenizer, BPE/WordPiece model and post-processor (CLIP: <|startoftext|> … <|endoftext|>;
// BiomedCLIP's BERT: [CLS] … [SEP]); padding and truncation are ours:
// - truncate to the context length keeping the last token (EOT / [SEP]) last, as open_clip's
//   tokenizer and HF's truncation=True do — OpenAI-style towers pool at the EOT position;
// - pad with the tokenizer's pad token (tokenizer_config.json pad_token: EOT for HF's CLIP tokenizer),
//   else tokenizer.json's padding.pad_id, else 0 (open_clip's SimpleTokenizer).

import { Tokenizer } from '@huggingface/tokenizers';
import { MaskcueError } from '../../../common/api';
import { readJsonFile } from './model-folder';

export interface TokenBatch {
  /** count × contextLength, row-major. */
  ids: number[];
  attentionMask: number[];
  count: number;
  contextLength: number;
}

export interface ClipTokenizer {
  readonly contextLength: number;
  readonly padId: number;
  readonly path: string;
  /** Token ids with specials, padded/truncated to the context length. */
  encode(text: string): { ids: number[]; attentionMask: number[] };
  encodeBatch(texts: readonly string[]): TokenBatch;
}

function tokenName(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') return (value as { content: string }).content;
  return null;
}

function problem(path: string, why: string): MaskcueError {
  return new MaskcueError('MODEL_LOAD_FAILED', `The tokenizer ${path} could not be used: ${why}. Copy tokenizer.json again from the model's source (it must be the Hugging Face "fast tokenizer" file).`);
}

export function loadClipTokenizer(path: string, configPath: string | null, contextLength: number): ClipTokenizer {
  if (!Number.isInteger(contextLength) || contextLength < 2) {
    throw new MaskcueError('INVALID_ARGUMENT', `The text context length must be a whole number ≥ 2 (got ${contextLength}).`);
  }
  const json = readJsonFile(path, 'tokenizer');
  if (!json || typeof json !== 'object' || Array.isArray(json) || !('model' in json)) throw problem(path, 'it has no "model" section');
  const configJson = configPath ? readJsonFile(configPath, 'tokenizer config') : {};
  const config = configJson && typeof configJson === 'object' && !Array.isArray(configJson) ? (configJson as Record<string, unknown>) : {};
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(json, config);
    // Some structural problems only show when text goes through; find them now, not at first use.
    tokenizer.encode('a photo');
  } catch (e) {
    throw problem(path, e instanceof Error ? e.message : String(e));
  }
  const padName = tokenName(config.pad_token);
  const padFromConfig = padName !== null ? tokenizer.token_to_id(padName) : undefined;
  const padding = (json as { padding?: { pad_id?: unknown } | null }).padding;
  const padId = padFromConfig ?? (typeof padding?.pad_id === 'number' ? padding.pad_id : 0);

  const encode = (text: string): { ids: number[]; attentionMask: number[] } => {
    let ids = tokenizer.encode(text).ids;
    if (ids.length > contextLength) {
      const last = ids[ids.length - 1]!;
      ids = ids.slice(0, contextLength);
      ids[contextLength - 1] = last;
    }
    const attentionMask = ids.map(() => 1);
    while (ids.length < contextLength) {
      ids.push(padId);
      attentionMask.push(0);
    }
    return { ids, attentionMask };
  };

  return {
    contextLength,
    padId,
    path,
    encode,
    encodeBatch(texts: readonly string[]): TokenBatch {
      const ids: number[] = [];
      const attentionMask: number[] = [];
      for (const t of texts) {
        const e = encode(t);
        ids.push(...e.ids);
        attentionMask.push(...e.attentionMask);
      }
      return { ids, attentionMask, count: texts.length, contextLength };
    },
  };
}
