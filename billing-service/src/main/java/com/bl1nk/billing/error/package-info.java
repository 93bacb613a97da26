/** The billing error catalogue: every problem code this service answers with, its status and meaning, in one enum. */
package com.bl1nk.billing.error;
