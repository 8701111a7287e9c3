/** The two IM services the client speaks to (docs/api-reference.md §3.1). */

/** Group management (docs/api-reference.md §1, §7). */
export const GROUP_SERVICE = "group_open_http_svc";
/** Account management (docs/api-reference.md §8). */
export const ACCOUNT_SERVICE = "im_open_login_svc";
