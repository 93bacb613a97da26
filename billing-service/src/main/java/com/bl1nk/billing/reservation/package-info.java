/**
 * Reservations: a call's maximum cost is held on every applicable budget before the call (refused with 402 when it
 * does not fit), then settled into spend, released, or expired by the sweeper; late usage events true it up.
 */
package com.bl1nk.billing.reservation;
