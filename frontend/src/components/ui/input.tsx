import * as React from 'react';
import { cn } from '@/lib/cn';

const kFieldClass =
  'flex w-full rounded-md border border-input bg-background px-3 py-2 text-base text-foreground placeholder:text-muted-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:cursor-not-allowed disabled:opacity-60 aria-[invalid=true]:border-destructive sm:text-sm';

export const Input = React.forwardRef<
  HTMLInputElement,
  React.InputHTMLAttributes<HTMLInputElement>
>(({ className, type = 'text', ...props }, ref) => (
  <input type={type} className={cn(kFieldClass, 'h-10', className)} ref={ref} {...props} />
));
Input.displayName = 'Input';

export const Textarea = React.forwardRef<
  HTMLTextAreaElement,
  React.TextareaHTMLAttributes<HTMLTextAreaElement>
>(({ className, ...props }, ref) => (
  <textarea className={cn(kFieldClass, 'min-h-24', className)} ref={ref} {...props} />
));
Textarea.displayName = 'Textarea';

// A native <select>: the platform picker is the most usable one on phones and with keyboards.
export const NativeSelect = React.forwardRef<
  HTMLSelectElement,
  React.SelectHTMLAttributes<HTMLSelectElement>
>(({ className, children, ...props }, ref) => (
  <select className={cn(kFieldClass, 'h-10 pr-8', className)} ref={ref} {...props}>
    {children}
  </select>
));
NativeSelect.displayName = 'NativeSelect';
