package com.bl1nk.gateway.people;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends invitation and password-reset links by e-mail when SMTP is configured ({@code spring.mail.host}); without it the link is only
 * shown to the inviter. A failed send never undoes the invitation: the inviter still has the link. Blocking.
 */
@Component
class InvitationMailer {

    private static final Logger log = LoggerFactory.getLogger(InvitationMailer.class);

    private final ObjectProvider<JavaMailSender> sender;
    private final PeopleProperties properties;

    InvitationMailer(ObjectProvider<JavaMailSender> sender, PeopleProperties properties) {
        this.sender = sender;
        this.properties = properties;
    }

    /** Whether mail can be sent at all. */
    boolean configured() {
        return sender.getIfAvailable() != null;
    }

    /** Sends a password-reset link; false when mail is not configured or the send failed. */
    boolean sendPasswordReset(String to, String link) {
        return send(to, "Reset your bl1nk password", """
                Hello,

                Someone (hopefully you) asked to reset the password of this account on bl1nk.

                Open this link to choose a new password (it works once, for a short time):

                %s

                If you did not ask for it, ignore this mail: your password stays as it is.
                """.formatted(link));
    }

    /** Sends the invitation; false when mail is not configured or the send failed (logged without the link). */
    boolean send(String to, String tenantName, String role, String inviter, String link) {
        return send(
                to, "You are invited to " + tenantName + " on bl1nk", """
                Hello,

                %s invited you to join %s on bl1nk as %s.

                Open this link to accept (it works once, until it expires):

                %s

                If you did not expect this invitation, ignore this mail.
                """.formatted(inviter, tenantName, role, link));
    }

    private boolean send(String to, String subject, String text) {
        JavaMailSender mail = sender.getIfAvailable();
        if (mail == null) {
            return false;
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.mailFrom());
        message.setTo(to);
        message.setSubject(subject);
        message.setText(text);
        try {
            mail.send(message);
            return true;
        } catch (MailException e) {
            log.warn(
                    "Could not send the invitation mail to {}: {}",
                    to,
                    e.getClass().getSimpleName());
            return false;
        }
    }
}
