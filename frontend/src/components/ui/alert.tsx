import * as React from 'react';
import { cn } from '@/lib/cn';

interface AlertProps extends React.HTMLAttributes<HTMLDivElement> {
  tone?: 'info' | 'error' | 'success' | 'warning';
}

const kTone = {
  info: 'border-border bg-muted text-foreground',
  error: 'border-destructive/50 bg-destructive/10 text-foreground',
  success: 'border-success/50 bg-success/10 text-foreground',
  warning: 'border-warning/50 bg-warning/10 text-foreground',
} as const;

export function Alert({ tone = 'info', className, role, ...props }: AlertProps) {
  return (
    <div
      role={role ?? (tone === 'error' ? 'alert' : 'status')}
      className={cn('rounded-md border p-3 text-sm', kTone[tone], className)}
      {...props}
    />
  );
}
