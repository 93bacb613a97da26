/** Client of rag-service's retrieval API, owning its request and response shapes as task-service reads them. */
package com.bl1nk.task.client.rag;
