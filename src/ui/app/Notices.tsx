import { dismiss, useInkling } from '../core/store';

export function Notices() {
  const notices = useInkling((s) => s.engine.notices);
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-live="polite">
      {notices.map((n) => (
        <li key={n.id} className={`notice ${n.kind}`} data-testid={`notice-${n.kind}`}>
          <span>{n.message}</span>
          <button type="button" className="ghost" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
