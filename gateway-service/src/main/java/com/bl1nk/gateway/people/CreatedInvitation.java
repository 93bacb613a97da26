package com.bl1nk.gateway.people;

/**
 * A new invitation: its link (with the single-use token) is in this response only.
 *
 * @param invitation the invitation
 * @param link the sign-up link to hand to the invited person
 * @param emailed whether the link was also sent by e-mail (SMTP configured and the send succeeded)
 */
public record CreatedInvitation(InvitationView invitation, String link, boolean emailed) {}
