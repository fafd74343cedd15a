package org.tryvoha.archfixture.b;

import org.tryvoha.archfixture.a.A;

/** Uses {@link A}, which uses it back: a package cycle. */
public final class B {
    public A partner() {
        return new A();
    }
}
