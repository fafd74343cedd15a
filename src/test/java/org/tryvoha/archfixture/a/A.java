package org.tryvoha.archfixture.a;

import org.tryvoha.archfixture.b.B;

/** Uses {@link B}, which uses it back: a package cycle. */
public final class A {
    public B partner() {
        return new B();
    }
}
