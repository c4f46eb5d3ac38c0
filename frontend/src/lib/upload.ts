/**
 * Uploads a file into the store (POST /api/v1/files) with XMLHttpRequest: the one request not made
 * through the generated client, because fetch cannot report upload progress. The answer and the
 * request's path are typed from the generated schema, so the contract still holds here.
 */
import type { paths } from "../client/schema";
import { apiError, type Uploaded } from "./api";

const PATH = "/api/v1/files" satisfies keyof paths;
type FileField = keyof paths[typeof PATH]["post"]["requestBody"]["content"]["multipart/form-data"];
const FIELD: FileField = "file";

export interface UploadProgress {
  loaded: number;
  total: number;
}

/** Resolves with where the file was stored; rejects with an ApiError (the problem), or a TypeError offline. */
export function uploadFile(
  file: File,
  options: { onProgress?: (progress: UploadProgress) => void; signal?: AbortSignal } = {},
): Promise<Uploaded> {
  const { onProgress, signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException("The upload was cancelled", "AbortError"));
    const xhr = new XMLHttpRequest();
    xhr.open("POST", PATH);
    xhr.setRequestHeader("Accept", "application/json, application/problem+json");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status === 201 && body && typeof body === "object") {
        onProgress?.({ loaded: file.size, total: file.size });
        resolve(body as Uploaded);
      } else {
        reject(apiError(body, { status: xhr.status, statusText: xhr.statusText, headers: responseHeaders(xhr) }));
      }
    };
    xhr.onerror = () => reject(new TypeError("The upload could not reach the server"));
    xhr.onabort = () => reject(new DOMException("The upload was cancelled", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append(FIELD, file, file.name);
    xhr.send(form);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function responseHeaders(xhr: XMLHttpRequest): Headers {
  const headers = new Headers();
  const retryAfter = xhr.getResponseHeader("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
}
