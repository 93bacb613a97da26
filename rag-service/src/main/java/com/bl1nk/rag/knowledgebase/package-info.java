/**
 * Knowledge bases: a tenant's named collections of documents, each with its embedding model, dimension and chunking
 * fixed at creation. Other features ask here whether a tenant may see a knowledge base.
 */
package com.bl1nk.rag.knowledgebase;
