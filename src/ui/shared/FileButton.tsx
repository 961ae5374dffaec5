import { useRef, type ReactNode } from 'react';

interface FileButtonProps {
  accept: string;
  disabled?: boolean;
  /** The hidden file input's test id (tests set files on it). */
  testId: string;
  onFile: (file: File) => void;
  children: ReactNode;
}

/** A button that opens the file picker; choosing the same file twice picks it again. */
export function FileButton({ accept, disabled, testId, onFile, children }: FileButtonProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="secondary" disabled={disabled} onClick={() => input.current?.click()}>
        {children}
      </button>
      <input
        ref={input}
        type="file"
        accept={accept}
        hidden
        data-testid={testId}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
    </>
  );
}
