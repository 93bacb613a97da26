/** Wiring only: beans and property classes that the feature packages share. */
package com.bl1nk.rag.config;
