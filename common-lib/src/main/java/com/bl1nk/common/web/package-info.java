/** List conventions shared by every endpoint: the {@code {items, nextCursor}} page, opaque keyset cursors and limits. */
package com.bl1nk.common.web;
