/**
 * Deliberately broken code for {@code ArchitectureTestTest}: the architecture rules, built for this
 * root package, must fail on it. {@code a} and {@code b} use each other (a cycle), {@code stream} uses
 * {@code store}, {@code config} holds a feature's type, the feature {@code cap} uses the composition
 * root, and the root package's {@code Main} and {@code server} use each other. Nothing runs it.
 */
package org.tryvoha.archfixture;
