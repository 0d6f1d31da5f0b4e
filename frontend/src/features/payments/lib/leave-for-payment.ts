// Sends the browser to the payment page (Snap's or the simulator's): a full navigation, since
// that page is another site (or janji's server-rendered simulator). A module of its own so that
// tests can stand in for the navigation jsdom does not do.
export function leaveForPayment(url: string): void {
  window.location.assign(url);
}
