/**
 * GitHub App integration: verified webhooks become agent tasks, and each task's result goes back to the issue or
 * pull request exactly once.
 */
package com.bl1nk.task.github;
