/**
 * Progress bars for uploads and ingestion: redrawn in place on a terminal, plain one-line-per-item output elsewhere,
 * always on stderr so stdout stays the command's result.
 */
package com.bl1nk.cli.progress;
