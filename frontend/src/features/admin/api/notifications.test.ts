import {
  emptyFilter,
  filterFromParams,
  filterToParams,
  isFiltered,
  notificationQuery,
} from './notifications';

describe('notification filter and the URL', () => {
  it('reads every filter from the URL and writes it back unchanged', () => {
    const url =
      'status=failed&type=booking_reminder&recipient=budi%40example.com&from=2026-12-01&to=2026-12-07&page=3';
    const filter = filterFromParams(new URLSearchParams(url));
    expect(filter).toEqual({
      status: 'failed',
      type: 'booking_reminder',
      recipient: 'budi@example.com',
      from: '2026-12-01',
      to: '2026-12-07',
      page: 3,
    });
    expect(filterToParams(filter).toString()).toBe(url);
    expect(isFiltered(filter)).toBe(true);
  });

  it('drops what the API would refuse', () => {
    const filter = filterFromParams(
      new URLSearchParams(
        'status=lost&type=password_reset&recipient=%20%20&from=2026-13-45&to=yesterday&page=-2',
      ),
    );
    expect(filter).toEqual(emptyFilter);
    expect(isFiltered(filter)).toBe(false);
    expect(filterToParams(filter).toString()).toBe('');
  });

  it('keeps the start of a range that ends before it starts', () => {
    const filter = filterFromParams(new URLSearchParams('from=2026-12-07&to=2026-12-01'));
    expect(filter.from).toBe('2026-12-07');
    expect(filter.to).toBe('');
  });

  it('cuts a recipient to the API limit and leaves page 1 out of the URL', () => {
    const filter = filterFromParams(new URLSearchParams(`recipient=${'a'.repeat(300)}&page=1`));
    expect(filter.recipient).toHaveLength(255);
    expect(filterToParams({ ...filter, recipient: '' }).toString()).toBe('');
  });

  it('asks the API for one page of 20 with the filter', () => {
    expect(notificationQuery({ ...emptyFilter, status: 'sent', page: 2 })).toEqual({
      status: 'sent',
      type: '',
      recipient: '',
      from: '',
      to: '',
      page: 2,
      limit: 20,
    });
  });
});
