/**
 * Outbound network safety: the SSRF guard every user-supplied URL passes before bl1nk connects to it, checked again on
 * every redirect hop and at connect time so DNS rebinding cannot slip an internal address through.
 */
package com.bl1nk.common.net;
