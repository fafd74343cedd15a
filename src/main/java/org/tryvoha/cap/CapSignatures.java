package org.tryvoha.cap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.crypto.AlgorithmMethod;
import javax.xml.crypto.KeySelector;
import javax.xml.crypto.KeySelectorException;
import javax.xml.crypto.KeySelectorResult;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.XMLCryptoContext;
import javax.xml.crypto.XMLStructure;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyValue;
import javax.xml.crypto.dsig.keyinfo.X509Data;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Checks the enveloped XML signature (XML-DSig, as IPAWS and MeteoAlarm use) of a CAP message
 * against a {@link SignaturePolicy} and a set of trusted certificates. Only the shape that signs
 * the whole message is accepted: one {@code ds:Signature} child of {@code <alert>} with one
 * {@code Reference URI=""} whose transforms are the enveloped-signature transform and
 * canonicalisation; the JDK's secure validation mode is on. Every refusal is a 403.
 *
 * <p>Immutable and thread-safe.
 */
public final class CapSignatures {
    /** What a message's signature turned out to be. */
    public enum Verdict {
        UNSIGNED,
        /**
         * A signature is present but cannot be checked here (no key to check it with, an algorithm the
         * JDK's secure validation refuses, a shape other than the whole message), under a policy that
         * does not require one: read as unsigned. A signature that can be checked and fails is refused.
         */
        UNVERIFIED,
        INTACT,
        TRUSTED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Set<String> TRANSFORMS = Set.of(
            Transform.ENVELOPED,
            CanonicalizationMethod.INCLUSIVE,
            CanonicalizationMethod.INCLUSIVE_WITH_COMMENTS,
            CanonicalizationMethod.EXCLUSIVE,
            CanonicalizationMethod.EXCLUSIVE_WITH_COMMENTS);
    private final List<X509Certificate> trusted;

    public CapSignatures(List<X509Certificate> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /** Loads every certificate of the PEM files ({@code *.pem}, {@code *.crt}) in a directory; none when dir is null. */
    public static CapSignatures load(Path dir) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        if (dir == null) return new CapSignatures(certs);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.{pem,crt}")) {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            for (Path p : files) {
                try (InputStream in = Files.newInputStream(p)) {
                    f.generateCertificates(in).forEach(c -> certs.add((X509Certificate) c));
                } catch (CertificateException e) {
                    throw new IOException(
                            "cap-trusted-certs: " + p + " is not a PEM certificate: " + e.getMessage(), e);
                }
            }
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
        return new CapSignatures(certs);
    }

    public int trustedCount() {
        return trusted.size();
    }

    /** Checks the document's signature under the policy; throws a 403 problem saying why it is refused. */
    public Verdict check(Document doc, SignaturePolicy policy, String sender) {
        Element root = doc.getDocumentElement();
        List<Element> sigs = CapMessage.children(root, SafeXml.DSIG, "Signature");
        int all = doc.getElementsByTagNameNS(SafeXml.DSIG, "Signature").getLength();
        if (all != sigs.size())
            throw refuse("a signature must be an enveloped ds:Signature directly inside <alert>, not nested deeper");
        if (sigs.isEmpty()) {
            if (policy == SignaturePolicy.ALLOW_UNSIGNED) return Verdict.UNSIGNED;
            throw refuse("messages from sender '" + sender + "' must carry an enveloped XML signature (policy "
                    + policy.wire() + "); sign the whole <alert> and send it again");
        }
        if (sigs.size() > 1) throw refuse("the message has " + sigs.size() + " signatures; sign it once");
        try {
            return verify(sigs.get(0), policy);
        } catch (MarshalException | XMLSignatureException e) {
            return unverifiable(policy, "the signature cannot be read or checked: " + e.getMessage());
        } catch (Unverifiable e) {
            return unverifiable(policy, e.getMessage());
        }
    }

    /** CAP 1.2 §3.3.4: a signature MAY be carried; where the policy does not require one, one we cannot check is no reason to refuse. */
    private static Verdict unverifiable(SignaturePolicy policy, String why) {
        if (policy == SignaturePolicy.ALLOW_UNSIGNED) return Verdict.UNVERIFIED;
        throw refuse(why);
    }

    /** The signature cannot be checked here (as opposed to: it was checked and does not verify). */
    private static final class Unverifiable extends RuntimeException {
        Unverifiable(String message) {
            super(message, null, false, false);
        }
    }

    private Verdict verify(Element sig, SignaturePolicy policy) throws MarshalException, XMLSignatureException {
        XMLSignatureFactory fac = XMLSignatureFactory.getInstance("DOM");
        FromKeyInfo selector = new FromKeyInfo();
        DOMValidateContext ctx = context(selector, sig);
        XMLSignature s = fac.unmarshalXMLSignature(ctx);
        checkShape(s);
        if (s.getKeyInfo() == null || s.getKeyInfo().getContent().isEmpty()) {
            for (X509Certificate c : trusted) {
                DOMValidateContext withTrusted = context(KeySelector.singletonKeySelector(c.getPublicKey()), sig);
                if (fac.unmarshalXMLSignature(withTrusted).validate(withTrusted) && trusted(c, null))
                    return Verdict.TRUSTED;
            }
            throw new Unverifiable("the signature names no key (no KeyInfo) and no trusted certificate verifies it");
        }
        if (!s.validate(ctx)) {
            throw refuse(
                    "the signature does not verify: the message was changed after it was signed, or it was signed with another key"
                            + " than the one in its KeyInfo");
        }
        boolean isTrusted = trusted(selector.cert, selector.key);
        if (policy == SignaturePolicy.REQUIRE_TRUSTED && !isTrusted) {
            throw refuse("the signature is intact but made with a key that is not trusted"
                    + (selector.cert == null
                            ? ""
                            : " (certificate "
                                    + selector.cert.getSubjectX500Principal().getName() + ")")
                    + "; put the signer's PEM certificate in the cap-trusted-certs directory");
        }
        return isTrusted ? Verdict.TRUSTED : Verdict.INTACT;
    }

    private static DOMValidateContext context(KeySelector selector, Element sig) {
        DOMValidateContext ctx = new DOMValidateContext(selector, sig);
        ctx.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
        return ctx;
    }

    /** Only a signature over the whole message counts; anything else could sign something other than what we read. */
    private static void checkShape(XMLSignature s) {
        List<?> refs = s.getSignedInfo().getReferences();
        if (refs.size() != 1)
            throw new Unverifiable(
                    "the signature must have exactly one Reference (URI=\"\", the whole message), it has "
                            + refs.size());
        Reference r = (Reference) refs.get(0);
        if (r.getURI() == null || !r.getURI().isEmpty()) {
            throw new Unverifiable(
                    "the signature's Reference must be URI=\"\" (the whole message), not '" + r.getURI() + "'");
        }
        boolean enveloped = false;
        for (Object o : r.getTransforms()) {
            String alg = ((Transform) o).getAlgorithm();
            if (!TRANSFORMS.contains(alg))
                throw new Unverifiable("the signature uses the transform " + alg
                        + "; only enveloped-signature and canonicalisation are accepted");
            enveloped |= alg.equals(Transform.ENVELOPED);
        }
        if (!enveloped)
            throw new Unverifiable("the signature must be enveloped (transform " + Transform.ENVELOPED + ")");
    }

    private boolean trusted(X509Certificate cert, PublicKey key) {
        for (X509Certificate t : trusted) {
            boolean same = cert != null ? t.equals(cert) : t.getPublicKey().equals(key);
            if (same) {
                try {
                    t.checkValidity();
                    return true;
                } catch (CertificateException e) {
                    return false;
                }
            }
        }
        return false;
    }

    private static ProblemException refuse(String detail) {
        return new ProblemException(ErrorCode.FORBIDDEN, "CAP signature refused: " + detail);
    }

    /** Takes the key from the signature's own KeyInfo (an X509Certificate, else a KeyValue) and remembers it. */
    private static final class FromKeyInfo extends KeySelector {
        X509Certificate cert;
        PublicKey key;

        @Override
        public KeySelectorResult select(KeyInfo info, Purpose purpose, AlgorithmMethod method, XMLCryptoContext ctx)
                throws KeySelectorException {
            if (info == null) throw new KeySelectorException("no KeyInfo");
            for (XMLStructure x : info.getContent()) {
                if (x instanceof X509Data d) {
                    for (Object o : d.getContent()) {
                        if (o instanceof X509Certificate c) {
                            cert = c;
                            key = c.getPublicKey();
                            return () -> key;
                        }
                    }
                } else if (x instanceof KeyValue kv) {
                    try {
                        key = kv.getPublicKey();
                        return () -> key;
                    } catch (KeyException e) {
                        throw new KeySelectorException(e);
                    }
                }
            }
            throw new KeySelectorException("the KeyInfo holds no X509Certificate or KeyValue");
        }
    }
}
