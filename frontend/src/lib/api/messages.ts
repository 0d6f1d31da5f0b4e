import type { TFunction } from 'i18next';
import { isApiError, kBadResponse, kNetworkError } from './errors';

// The text to show for a failed call: the API's own message when it sent one (it is written
// for users), else a translated one for what the client saw.
export function errorMessage(error: unknown, t: TFunction<'common'>): string {
  if (isApiError(error)) {
    if (error.code === kNetworkError) return t('errors.network');
    if (error.code === kBadResponse) return t('errors.badResponse');
    if (error.message) return error.message;
  }
  return t('errors.unknown');
}
