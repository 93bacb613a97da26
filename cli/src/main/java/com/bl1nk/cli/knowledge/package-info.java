/**
 * Knowledge bases: list, create, list documents, and upload a directory with progress until every document is
 * ingested.
 */
package com.bl1nk.cli.knowledge;
