// What the form's text makes of the amount: nothing (refund the rest), a whole number within
// what is left, or invalid.
export function parseRefundAmount(text: string, left: number): number | null | 'invalid' {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!/^\d+$/.test(trimmed)) return 'invalid';
  const amount = Number(trimmed);
  return amount >= 1 && amount <= left ? amount : 'invalid';
}
