/** Exact decimal money and UTC budget periods shared by every billing feature; nothing here touches storage. */
package com.bl1nk.billing.money;
