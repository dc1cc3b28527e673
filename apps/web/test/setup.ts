import { configure } from "@testing-library/react";

// `findBy…` and `waitFor` give up after 1 s by default; with every workspace's tests
// sharing two cores (`npm test`), a lazily loaded screen can take longer than that to
// appear. What the tests wait for is unchanged; only how long they may wait.
configure({ asyncUtilTimeout: 5000 });
