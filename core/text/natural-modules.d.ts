// Deep imports of `natural`: its index pulls in every language and a dotenv banner on stdout,
// which the classify CLI cannot afford, so Strazh imports only the parts it uses.
declare module 'natural/lib/natural/stemmers/porter_stemmer_ru.js' {
  const stemmer: { stem(word: string): string };
  export default stemmer;
}

declare module 'natural/lib/natural/classifiers/bayes_classifier.js' {
  interface Stemmer {
    tokenizeAndStem(text: string, keepStops?: boolean): string[];
  }
  class BayesClassifier {
    constructor(stemmer?: Stemmer, smoothing?: number);
    addDocument(text: string | string[], label: string): void;
    train(): void;
    getClassifications(observation: string | string[]): { label: string; value: number }[];
    classify(observation: string | string[]): string;
    features: Record<string, number>;
    classifier: {
      classFeatures: Record<string, Record<string, number>>;
      classTotals: Record<string, number>;
      totalExamples: number;
      smoothing: number;
    };
  }
  export default BayesClassifier;
}
