/** The committed example of every contract, shared by the contract tests of both sides. */
package com.bl1nk.contracts.examples;
