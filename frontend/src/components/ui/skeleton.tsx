import { cn } from '@/lib/cn';

// A placeholder the size of what is loading, so nothing shifts when it arrives.
export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden="true" className={cn('animate-pulse rounded-md bg-muted', className)} />;
}
