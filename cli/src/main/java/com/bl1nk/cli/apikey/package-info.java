/** The tenant's API keys: list, create (shown once) and revoke. */
package com.bl1nk.cli.apikey;
