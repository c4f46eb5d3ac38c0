import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { queueIngestion } from "../../hooks/ingestions";
import { ApiError, type Uploaded } from "../../lib/api";
import { formatBytes } from "../../lib/runs";
import { uploadFile, type UploadProgress } from "../../lib/upload";
import { describeError } from "../Status/ErrorBanner";
import { DropZone } from "./DropZone";

/** The upload's own words for each refusal; the server's detail says what to do. */
const REFUSED: Record<number, string> = {
  400: "The file is empty",
  403: "Only admins can upload",
  413: "The file is too large",
  415: "Not a CSV file",
  422: "Not an eGRID generator sheet",
};

const isCancel = (error: Error) => error.name === "AbortError";

function refusal(error: Error): { title: string; detail: string | null } {
  if (error instanceof ApiError && REFUSED[error.status]) {
    return { title: REFUSED[error.status]!, detail: error.problem.detail ?? null };
  }
  return describeError(error);
}

/** Choose or drop a CSV, watch it upload, and have it queued for loading; onQueued gets the run. */
export function UploadPanel({ onQueued }: { onQueued: (runId: number) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress>({ loaded: 0, total: 0 });
  const [uploaded, setUploaded] = useState<Uploaded | null>(null);
  const [tooMany, setTooMany] = useState(false);
  const cancel = useRef<AbortController | null>(null);

  const upload = useMutation({
    mutationFn: async (chosen: File) => {
      const controller = new AbortController();
      cancel.current = controller;
      const stored = await uploadFile(chosen, { onProgress: setProgress, signal: controller.signal });
      setUploaded(stored);
      return queueIngestion(stored.key);
    },
    onSuccess: onQueued,
  });

  const start = (chosen: File | null, count: number) => {
    setTooMany(count > 1);
    if (!chosen || count > 1) return;
    setFile(chosen);
    setUploaded(null);
    setProgress({ loaded: 0, total: chosen.size });
    upload.mutate(chosen);
  };

  const percent = uploaded ? 100 : progress.total > 0 ? Math.floor((progress.loaded / progress.total) * 100) : 0;
  const uploading = upload.isPending && !uploaded;
  const phase = upload.isPending
    ? uploaded
      ? "Uploaded; queuing it for loading…"
      : `Uploading ${file?.name ?? "the file"}…`
    : upload.isSuccess
      ? `Uploaded and queued as run #${upload.data}.`
      : upload.error && isCancel(upload.error)
        ? "Upload cancelled."
        : upload.error && uploaded
          ? "Uploaded, but it could not be queued."
          : upload.error
            ? "The upload was refused."
            : "";
  const failure = upload.error && !isCancel(upload.error) ? refusal(upload.error) : null;

  return (
    <section className="panel upload-panel" aria-labelledby="upload-title">
      <h2 id="upload-title" className="panel-title">
        Upload a generator sheet
      </h2>
      <p className="subtitle">
        eGRID's generator (GEN) sheet saved as CSV. Once uploaded it is loaded; it replaces the year it holds.
      </p>
      <DropZone disabled={upload.isPending} onFile={start} />
      {tooMany && (
        <p className="field-message" role="alert">
          Drop one CSV file at a time.
        </p>
      )}

      {file && (
        <div className="upload-status">
          <p className="upload-file">
            <strong>{file.name}</strong> <span className="unit">{formatBytes(file.size)}</span>
          </p>
          <div className="upload-progress">
            <progress max={100} value={percent} aria-label="Upload progress" />
            <span aria-hidden="true">{percent}%</span>
            {uploading && (
              <button type="button" className="button secondary" onClick={() => cancel.current?.abort()}>
                Cancel upload
              </button>
            )}
          </div>
          <p role="status">{phase}</p>
          {failure && (
            <div className="banner error" role="alert">
              <div>
                <strong>{failure.title}</strong>
                {failure.detail && <p>{failure.detail}</p>}
              </div>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
