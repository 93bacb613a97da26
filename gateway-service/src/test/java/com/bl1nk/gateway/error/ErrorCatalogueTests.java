package com.bl1nk.gateway.error;

import com.bl1nk.common.error.ErrorCode;
import com.bl1nk.testsupport.ErrorCatalogueContract;
import java.util.List;

class ErrorCatalogueTests extends ErrorCatalogueContract {

    @Override
    protected List<? extends ErrorCode> catalogue() {
        return List.of(GatewayErrorCode.values());
    }

    @Override
    protected String docName() {
        return "gateway";
    }
}
