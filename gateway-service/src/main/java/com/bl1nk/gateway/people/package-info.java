/**
 * People: users, their membership of tenants with a role, invitations by single-use link, passwords and their policy.
 * Sign-in and sessions build on it in {@code gateway.session}.
 */
package com.bl1nk.gateway.people;
