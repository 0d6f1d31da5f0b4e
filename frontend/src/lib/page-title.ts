import { useEffect } from 'react';

// Every page names itself in the tab and for screen readers: "<title> · Janji".
export function usePageTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Janji` : 'Janji';
  }, [title]);
}
