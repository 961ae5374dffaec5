interface FailurePageProps {
  message: string;
}

/** The engine stopped for good (not a missing WebGPU: that has its own page). */
export function FailurePage({ message }: FailurePageProps) {
  return (
    <main className="full-page" data-testid="engine-failed">
      <h1>Inkling stopped</h1>
      <p>The training engine hit a problem it cannot recover from:</p>
      <pre className="message">{message}</pre>
      <p>
        <button type="button" onClick={() => window.location.reload()}>
          Reload the page
        </button>
      </p>
    </main>
  );
}
