/** Human entry points: the merged OpenAPI docs at /docs and the static admin page at /admin. */
package com.bl1nk.gateway.docs;
