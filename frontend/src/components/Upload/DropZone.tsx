import { useState, type DragEvent } from "react";

/** Drop a file on it, or choose one with the (keyboard-reachable) file input it holds. */
export function DropZone({
  disabled,
  onFile,
}: {
  disabled: boolean;
  onFile: (file: File | null, count: number) => void;
}) {
  const [dragging, setDragging] = useState(false);

  const over = (event: DragEvent<HTMLDivElement>) => {
    if (disabled || !event.dataTransfer.types.includes("Files")) return;
    event.preventDefault(); // lets the drop happen
    event.dataTransfer.dropEffect = "copy";
    setDragging(true);
  };
  const leave = (event: DragEvent<HTMLDivElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
  };
  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (disabled) return;
    const files = event.dataTransfer.files;
    onFile(files[0] ?? null, files.length);
  };

  return (
    <div
      className={`dropzone${dragging ? " dragging" : ""}${disabled ? " disabled" : ""}`}
      onDragEnter={over}
      onDragOver={over}
      onDragLeave={leave}
      onDrop={drop}
      data-testid="dropzone"
    >
      <p className="dropzone-text">Drop a CSV file here, or</p>
      <input
        id="upload-file"
        className="file-input"
        type="file"
        accept=".csv,text/csv"
        disabled={disabled}
        onChange={(event) => {
          const files = event.currentTarget.files;
          onFile(files?.[0] ?? null, files?.length ?? 0);
          event.currentTarget.value = ""; // choosing the same file again is a new upload
        }}
      />
      <label htmlFor="upload-file" className="button">
        Choose a CSV file
      </label>
    </div>
  );
}
