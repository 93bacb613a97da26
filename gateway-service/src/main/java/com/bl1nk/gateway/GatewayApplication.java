package com.bl1nk.gateway;

import com.bl1nk.gateway.audit.AuditVerifyCommand;
import com.bl1nk.gateway.bootstrap.AdminKeyCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the gateway: the edge (routing, auth, limits) and the control plane (tenants, keys, audit). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        if (args.length > 0 && AdminKeyCommand.NAME.equals(args[0])) {
            System.exit(AdminKeyCommand.run(GatewayApplication.class, args));
        }
        if (args.length > 0 && AuditVerifyCommand.NAME.equals(args[0])) {
            System.exit(AuditVerifyCommand.run(GatewayApplication.class, args));
        }
        SpringApplication.run(GatewayApplication.class, args);
    }
}
