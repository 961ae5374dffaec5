import { useEffect, useState, type RefObject } from 'react';

/** Whether the element is in the viewport and the tab is visible. */
export function useOnScreen(ref: RefObject<HTMLElement | null>): boolean {
  const [intersecting, setIntersecting] = useState(false);
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // A batch of entries comes in order: the last says where the element is now.
    const observer = new IntersectionObserver((entries) => setIntersecting(entries[entries.length - 1].isIntersecting));
    observer.observe(el);
    const onVisibility = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      observer.disconnect();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [ref]);
  return intersecting && visible;
}
