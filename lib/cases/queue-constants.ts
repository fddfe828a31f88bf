/** View counts stop here (the queue shows "1000+"): counting stays cheap at millions of cases. */
export const COUNT_CAP = 1000;
