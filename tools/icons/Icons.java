// Draws the web app's icons (src/main/resources/web/icons): a white broadcast sign ((•)) on the page
// header's dark blue, and the favicon's red variant shown during an alert. No build step needs it;
// the PNGs are committed. Run from the project root with JDK 21+:
//   java tools/icons/Icons.java src/main/resources/web/icons
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.ImageIO;

public class Icons {
    static final Color CALM = new Color(0x0b2545); // --head in css/app.css (theme_color)
    static final Color ALERT = new Color(0xb71c1c); // --alert

    public static void main(String[] args) throws IOException {
        File dir = new File(args.length > 0 ? args[0] : "src/main/resources/web/icons");
        dir.mkdirs();
        // "any" icons: rounded corners, the sign over 70% of the side
        write(draw(192, CALM, true, 0.70), new File(dir, "icon-192.png"));
        write(draw(512, CALM, true, 0.70), new File(dir, "icon-512.png"));
        // maskable: full bleed, the sign inside the central 80% safe circle (here 56% of the side)
        write(draw(512, CALM, false, 0.56), new File(dir, "icon-maskable-512.png"));
        // iOS rounds the corners itself and wants no transparency
        write(draw(180, CALM, false, 0.66), new File(dir, "apple-touch-icon-180.png"));
        write(draw(32, CALM, true, 0.84), new File(dir, "favicon-32.png"));
        write(draw(32, ALERT, true, 0.84), new File(dir, "favicon-alert-32.png"));
    }

    static BufferedImage draw(int size, Color bg, boolean rounded, double sign) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(bg);
        double r = rounded ? size * 0.2 : 0;
        g.fill(new RoundRectangle2D.Double(0, 0, size, size, r * 2, r * 2));
        double m = size * sign, c = size / 2.0;
        g.setColor(Color.WHITE);
        double dot = m * 0.11;
        g.fill(new Ellipse2D.Double(c - dot, c - dot, dot * 2, dot * 2));
        g.setStroke(new BasicStroke((float) (m * 0.075), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (double radius : new double[] {m * 0.26, m * 0.42}) {
            for (double start : new double[] {-42, 138}) {
                g.draw(new Arc2D.Double(c - radius, c - radius, radius * 2, radius * 2, start, 84, Arc2D.OPEN));
            }
        }
        g.dispose();
        return img;
    }

    static void write(BufferedImage img, File f) throws IOException {
        if (!ImageIO.write(img, "png", f)) throw new IOException("no PNG writer");
        System.out.println(f + " " + img.getWidth() + "x" + img.getHeight() + " " + f.length() + " bytes");
    }
}
