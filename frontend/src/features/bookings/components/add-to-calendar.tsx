import { useState } from 'react';
import { CalendarPlus } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/toaster';
import { apiFile } from '@/lib/api/client';
import { errorMessage } from '@/lib/api/messages';

// Downloads the booking's invite (.ics): calendars on phones and desktops open it and add the
// appointment; a later download after a move updates the same event (same UID).
export function AddToCalendar({ bookingId }: { bookingId: string }) {
  const { t } = useTranslation('bookings');
  const { t: tc } = useTranslation();
  const [busy, setBusy] = useState(false);

  const download = async () => {
    setBusy(true);
    try {
      const file = await apiFile(`/bookings/${encodeURIComponent(bookingId)}/calendar.ics`);
      const url = URL.createObjectURL(file);
      const link = document.createElement('a');
      link.href = url;
      link.download = `janji-${bookingId}.ics`;
      document.body.append(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(url);
    } catch (e) {
      toast.error(errorMessage(e, tc));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button variant="outline" onClick={() => void download()} disabled={busy}>
      <CalendarPlus aria-hidden="true" />
      {t('detail.addToCalendar')}
    </Button>
  );
}
