package io.vidfleet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.queue.ClaimOutcome;
import io.vidfleet.common.queue.TaskQueue;
import io.vidfleet.testing.TestMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's chromium and chromium-driver, headless) against a real
 * cluster running real jobs: sign-in with the token, a job progressing to done with its chunks on the
 * worker's timeline, a cancel from the page. Screenshots go to {@code target/dashboard/}.
 */
class DashboardBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "dashboard");

    private static ApiCluster cluster;
    private static WebDriver browser;
    private static Path profile;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no Chromium: apt-get install chromium chromium-driver to run the dashboard's browser test");
        cluster = new ApiCluster(0); // the worker starts once the page has shown the job waiting
        profile = Files.createTempDirectory("vidfleet-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1400,1900",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void showsAJobProgressingToDoneAndCancelsAJobFromThePage() throws IOException {
        browser.get(cluster.server.uri().toString());
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        signIn("wrong-token-0123456789");
        waitFor(Duration.ofSeconds(30), "the refused token is reported", () -> text(By.id("login-error")).contains("refused"));
        signIn(ApiCluster.TOKEN);
        waitFor(Duration.ofSeconds(30), "the dashboard shows", () -> browser.findElement(By.id("dashboard")).isDisplayed());
        assertFalse(browser.getCurrentUrl().contains(ApiCluster.TOKEN), "the token never goes in a URL");

        String id = submit("{\"input\": \"" + TestMedia.standard("dashboard.mp4", 6, 320, 240).toAbsolutePath()
                + "\", \"chunk-seconds\": 1}");
        int tasks = cluster.get("/api/jobs/" + id).body().get("tasksTotal").asInt();
        waitFor(Duration.ofSeconds(30), "the job shows waiting at 0/" + tasks,
                () -> cell(id, 1).equals("queued") && cell(id, 2).equals("0/" + tasks));
        cluster.startWorker();
        List<String> seen = new ArrayList<>();
        waitFor(Duration.ofMinutes(3), "the job shows done", () -> {
            String shown = cell(id, 1) + " " + cell(id, 2);
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(shown)) {
                seen.add(shown);
            }
            return shown.equals("done " + tasks + "/" + tasks);
        });
        assertTrue(seen.size() >= 2, "the page showed the job's progress on the way: " + seen);

        browser.findElement(By.cssSelector("tr[data-key='" + id + "'] a.job-link")).click();
        String worker = cluster.workers.get(0).id();
        waitFor(Duration.ofSeconds(30), "the timeline shows every chunk on the worker's lane",
                () -> browser.findElements(By.cssSelector(".lane[data-worker='" + worker + "'] .seg.done")).size() == tasks);
        waitFor(Duration.ofSeconds(30), "the worker is listed with its host",
                () -> text(By.id("workers")).contains(worker) && text(By.id("workers")).contains("h264"));
        screenshot("job-done.png");

        String waiting = submit("{\"input\": \"" + TestMedia.noAudio().toAbsolutePath() + "\", \"profile\": \"hevc-720p\"}");
        waitFor(Duration.ofSeconds(30), "the hevc job shows queued", () -> cell(waiting, 1).equals("queued"));
        click(By.cssSelector("tr[data-key='" + waiting + "'] button.cancel"));
        waitFor(Duration.ofSeconds(10), "the cancel asks to confirm",
                () -> browser.findElement(By.cssSelector("tr[data-key='" + waiting + "'] button.cancel")).getText().equals("Confirm cancel"));
        assertEquals(JobState.QUEUED, cluster.store.get(waiting).state(), "one click does not cancel");
        click(By.cssSelector("tr[data-key='" + waiting + "'] button.cancel"));
        waitFor(Duration.ofSeconds(30), "the page shows the job cancelled", () -> cell(waiting, 1).equals("cancelled"));
        assertEquals(JobState.CANCELLED, cluster.store.get(waiting).state());
        assertEquals(ApiCluster.TOKEN, ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('vidfleet.token')"));
        screenshot("job-cancelled.png");
    }

    @Test
    void requeuesADeadLetterFromThePage() throws IOException {
        browser.get(cluster.server.uri().toString());
        if (browser.findElements(By.id("token")).stream().anyMatch(WebElement::isDisplayed)) {
            signIn(ApiCluster.TOKEN);
        }
        String id = submit("{\"input\": \"" + TestMedia.noAudio().toAbsolutePath() + "\", \"profile\": \"hevc-720p\"}");
        TaskQueue queue = new TaskQueue(cluster.store.redis(), cluster.store.keys());
        ClaimOutcome claim = queue.claim(id, "worker-testhost-1-abcd"); // the hevc queue has no worker but this test
        queue.fail(claim.task(), "undecodable chunk (test)", false, Duration.ZERO);
        By requeue = By.cssSelector("#dead tr[data-key='" + id + "/" + claim.task().taskId() + "'] button.requeue");
        waitFor(Duration.ofSeconds(30), "the dead letter shows with its error",
                () -> !browser.findElements(requeue).isEmpty() && text(By.id("dead")).contains("undecodable chunk (test)"));
        screenshot("dead-letter.png");
        click(requeue);
        waitFor(Duration.ofSeconds(30), "the page shows the job queued again", () -> cell(id, 1).equals("queued"));
        assertEquals(JobState.QUEUED, cluster.store.get(id).state());
        waitFor(Duration.ofSeconds(30), "the dead letter is gone", () -> browser.findElements(requeue).isEmpty());
        assertEquals(200, cluster.post("/api/jobs/" + id + "/cancel", "").status());
    }

    private static void signIn(String token) {
        waitFor(Duration.ofSeconds(30), "the sign-in form shows", () -> browser.findElement(By.id("token")).isDisplayed());
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("connect")).click();
    }

    private static String submit(String body) {
        ApiCluster.Response response = cluster.post("/api/jobs", body);
        assertEquals(201, response.status(), response.text());
        return response.body().get("id").asText();
    }

    private static String cell(String jobId, int column) {
        List<WebElement> rows = browser.findElements(By.cssSelector("tr[data-key='" + jobId + "']"));
        return rows.isEmpty() ? "" : rows.get(0).findElements(By.tagName("td")).get(column).getText().trim();
    }

    private static String text(By by) {
        return browser.findElement(by).getText();
    }

    private static void click(By by) {
        waitFor(Duration.ofSeconds(10), "a clickable " + by, () -> {
            browser.findElement(by).click();
            return true;
        });
    }

    private static void screenshot(String name) throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void waitFor(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, timeout, Duration.ofMillis(100)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).ignoring(IndexOutOfBoundsException.class)
                .until(driver -> condition.getAsBoolean());
    }
}
