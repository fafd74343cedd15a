package org.tryvoha.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.json.Json;

class TrackReportsTest {
    private static List<TrackReport> parse(String json, int max) throws Exception {
        return TrackReports.parse(Json.MAPPER.readTree(json), max);
    }

    private static List<FieldError> errors(String json) {
        try {
            parse(json, 100);
        } catch (ProblemException e) {
            assertThat(e.code).isEqualTo(ErrorCode.INVALID);
            return e.errors;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void parsesVelocityAndHeadingForms() throws Exception {
        List<TrackReport> r = parse("""
        {"reports": [
          {"track_id": "a-1", "class": "drone", "time": "2026-11-23T21:00:00Z", "lat": 50, "lon": 36,
           "velocity": {"east": 30, "north": -40}, "altitude": 200, "uncertainty_m": 250},
          {"track_id": "b", "class": "ballistic", "time": "2026-11-23T23:00:00+02:00", "lat": 50.1, "lon": 36.1,
           "heading": 90, "speed": 500, "vertical_speed": -100},
          {"track_id": "a-1", "class": "drone", "time": "2026-11-23T21:00:05Z", "end": "destroyed"}
        ]}""", 10);
        assertThat(r).hasSize(3);
        assertThat(r.get(0).speed()).isEqualTo(50.0);
        assertThat(r.get(0).uncertainty()).isEqualTo(250.0);
        assertThat(r.get(1).east()).isCloseTo(500, Offset.offset(1e-9));
        assertThat(r.get(1).north()).isCloseTo(0, Offset.offset(1e-9));
        assertThat(r.get(1).up()).isEqualTo(-100.0);
        assertThat(r.get(1).time()).isEqualTo(Instant.parse("2026-11-23T21:00:00Z"));
        assertThat(r.get(1).uncertainty()).isEqualTo(TrackReports.DEFAULT_UNCERTAINTY_M);
        assertThat(r.get(2).end()).isEqualTo(TrackReport.End.DESTROYED);
        assertThat(r.get(2).hasPosition()).isFalse();
    }

    @Test
    void aVelocityUncertaintyIsTakenWhenGivenAndRefusedWhenNegative() throws Exception {
        List<TrackReport> r = parse("""
        {"reports": [
          {"track_id": "b", "class": "ballistic", "time": "2026-11-23T21:00:00Z", "lat": 50, "lon": 36,
           "velocity": {"east": 300, "north": -900, "up": -400}, "altitude": 20000, "velocity_uncertainty": 12},
          {"track_id": "c", "class": "ballistic", "time": "2026-11-23T21:00:00Z", "lat": 50, "lon": 36,
           "velocity": {"east": 300, "north": -900, "up": -400}, "altitude": 20000}
        ]}""", 10);
        assertThat(r.get(0).velocityUncertainty()).isEqualTo(12.0);
        assertThat(r.get(1).velocityUncertainty()).isNaN(); // the class's default applies
        List<FieldError> errs = errors("""
        {"reports": [{"track_id": "b", "class": "ballistic", "time": "2026-11-23T21:00:00Z", "lat": 50, "lon": 36,
           "velocity": {"east": 300, "north": -900}, "velocity_uncertainty": -1}]}""");
        assertThat(errs).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("reports[0].velocity_uncertainty");
            assertThat(e.message()).contains("must be a number from 0 to 5000");
        });
    }

    @Test
    void namesEveryBadFieldOfEveryReport() {
        List<FieldError> errs = errors("""
        {"reports": [
          {"track_id": "ok", "class": "drone", "time": "2026-11-23T21:00:00Z", "lat": 50, "lon": 36, "velocity": {"east": 1, "north": 1}},
          {"track_id": "x y", "class": "ufo", "time": "yesterday", "lat": 91, "lon": "36", "velocity": {"east": 1}},
          {"track_id": "c", "class": "drone", "time": "2026-11-23T21:00:00Z", "lat": 50, "lon": 36, "uncertainty_m": -5},
          {"track_id": "d", "class": "drone", "time": "2026-11-23T21:00:00Z", "end": "vanished"},
          7
        ]}""");
        assertThat(errs)
                .extracting(FieldError::field)
                .containsExactly(
                        "reports[1].track_id",
                        "reports[1].class",
                        "reports[1].time",
                        "reports[1].lat",
                        "reports[1].lon",
                        "reports[1].velocity.north",
                        "reports[2].velocity",
                        "reports[2].uncertainty_m",
                        "reports[3].end",
                        "reports[4]");
        assertThat(errs.get(1).message()).contains("ballistic, cruise_missile, drone, guided_bomb, aircraft, unknown");
    }

    @Test
    void refusesABodyWithoutReportsAndAnEmptyBatch() {
        assertThat(errors("[1, 2]")).extracting(FieldError::field).containsExactly("reports");
        assertThat(errors("{\"reports\": []}")).extracting(FieldError::field).containsExactly("reports");
    }

    @Test
    void capsTheBatchWith413() {
        String one =
                "{\"track_id\": \"a\", \"class\": \"drone\", \"time\": \"2026-11-23T21:00:00Z\", \"lat\": 50, \"lon\": 36, \"speed\": 1, \"heading\": 0}";
        assertThatThrownBy(() -> parse("{\"reports\": [" + one + "," + one + "," + one + "]}", 2))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.code).isEqualTo(ErrorCode.TOO_LARGE);
                    assertThat(e.getMessage()).contains("at most 2");
                });
    }
}
