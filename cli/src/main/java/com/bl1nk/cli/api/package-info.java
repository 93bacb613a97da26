/**
 * The platform's public API as the command-line client calls it, and how its error answers (problem+json) become one
 * readable line naming the field to fix.
 */
package com.bl1nk.cli.api;
