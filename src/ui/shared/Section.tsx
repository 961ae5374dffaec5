import type { ReactNode } from 'react';

interface SectionProps {
  title: string;
  /** A sentence or two on what this part shows and how to read it. */
  explanation?: ReactNode;
  className?: string;
  children: ReactNode;
}

export function Section({ title, explanation, className, children }: SectionProps) {
  return (
    <section className={`card ${className ?? ''}`}>
      <h2>{title}</h2>
      {explanation && <p className="explain">{explanation}</p>}
      {children}
    </section>
  );
}
