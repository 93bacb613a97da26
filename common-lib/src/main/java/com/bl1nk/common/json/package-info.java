/** JSON forms shared by every service, such as the canonical form that hashes and fingerprints are computed over. */
package com.bl1nk.common.json;
